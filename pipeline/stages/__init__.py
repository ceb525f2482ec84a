"""The stages of the data flow, one package each: load → check → history → visuals, feeds, site, bundle."""
