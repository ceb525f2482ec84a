"""The ledger of what went out: scheduler exports in, ``ledger/<yyyy>/<mm>.csv`` out, statuses for the site.

``formats`` reads an export of sent posts (Hootsuite, Buffer, Meta Business Suite)
into rows; ``match`` finds each row's post and channel; ``store`` reads and writes
the ledger files of the brand repository; ``status`` says, per post and channel,
published, not yet or missed.
"""
