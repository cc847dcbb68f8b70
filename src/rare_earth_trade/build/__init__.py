"""`make report`: parameters (`params`, the one table of them; `sync` keeps their copies in step),
execution (`execute`), rendering (`render`, with the report anatomy in `preprocessors` and the
template in `templates/`), publishing (`publish`), provenance and the whole build (`pipeline`)."""
