"""Deliberate type errors: each line marked ERROR must be reported."""
import pulumi_kommo as kommo

kommo.Pipeline("p1", name="Sales", sort="x")  # ERROR: sort is an integer
kommo.Pipeline("p2", name="Sales", sort=1, statuses=[kommo.StageArgs(name="New", color="#123456")])  # NOT reported: any string is a color to the type checker (checked at preview)
kommo.Pipeline("p3", name="Sales", sort=1, statuses=[kommo.StageArgs(name="New", color=kommo.StatusColor.HEX123456)])  # ERROR: no such member
kommo.Status("s1", name="Triage", sort=10)  # NOT reported: the keyword form takes every input as optional (checked when run)
kommo.Status("s2", kommo.StatusArgs(name="Triage", sort=10))  # ERROR: StatusArgs requires pipeline_id
kommo.Pipeline("p4", name="Sales", sort=1, is_main="yes")  # ERROR: is_main is a bool
kommo.Provider("pr", rate_limit="fast")  # ERROR: rate_limit is a number
