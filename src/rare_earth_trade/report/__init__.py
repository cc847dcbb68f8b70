"""What a notebook shows: the data as of a month (`asof`), sentences (`narrative`), charts (`charts`),
tables (`tables`), number formats (`fmt`), the house style (`theme`) and the notebook outputs that
carry report options (`display`, with `figures` reading a figure's facts); `notebook.start` is the
one call at the top of every notebook. Importing any of them changes nothing global."""
