"""The year command, nouvelle-annee: next year's calendar from this year's (see nextyear.py)."""

COMMAND = "nouvelle-annee"
