"""Pages of the methodical work, one module per subdomain (`mentoring/urls.py` names them). Thin: the rules are in
`mentoring.access`, the reads in `selectors`, the writes in `services` (which check permission again). A foreign object
answers 404, a visible one the user may not change 403."""
