"""Safe intake and export of plan data files: CSV folders and .xlsx workbooks."""
