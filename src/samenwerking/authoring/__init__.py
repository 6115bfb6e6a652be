"""The rule authors' workbench: warnings, tests, diff, profile, rule book, watch and new.

It sits above scoring (a test or a profile scores situations), while the rule model in
:mod:`samenwerking.rules` sits below it; keeping them apart is what lets scoring import the
rule model without a cycle.
"""
