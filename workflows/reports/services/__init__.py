"""The reports' operations: generating the files (`generation`), delivering them once (`delivery`), the monthly
run and the supervisors' warning (`schedule`)."""
