"""The figures that are stored, computed live from the database: one module per family (reach per province, reach per
municipality, participation, money, trend), each `live_*` function the reference definition of its figure.
Nothing outside `reports.selectors` imports them (an import-linter contract): the pages, exports, maps, documents
and the API read them stored, through `reports.selectors` (`reports.selectors.figures` applies the stored layer)."""
