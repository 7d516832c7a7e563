module hademo/ratebench

go 1.24
