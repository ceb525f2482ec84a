"""Results: the networks' post-performance exports read, matched to posts, stored and analysed.

``sheet`` reads the bytes, ``formats`` names the columns, ``importer`` makes rows,
``matching`` ties them to posts, ``store`` keeps ``results/<yyyy>/<mm>.csv``,
``analysis`` makes a month's report figures and ``best_times`` the best hour per channel.
"""
