"""The plugin face from Python: both resources, an explicit provider on a second account, and a function."""
import pulumi
import pulumi_kommo as kommo

config = pulumi.Config()

sales = kommo.Pipeline(
    "sales",
    name="Python Sales",
    sort=20,
    statuses=[
        kommo.StageArgs(name="New"),
        kommo.StageArgs(key="offer", name=config.require("offerName"), color="#98cbff"),
    ],
)
board = kommo.Pipeline("board", name="Python Board", sort=30)
triage = kommo.Status(
    "triage", pipeline_id=board.pipeline_id, name="Triage", sort=10, color=kommo.StatusColor.HEXFFDC7F
)

second = kommo.Provider(
    "second", base_url=config.require("secondUrl"), access_token=config.require_secret("secondToken")
)
kommo.Pipeline(
    "elsewhere",
    name="Other account",
    sort=10,
    statuses=[kommo.StageArgs(name="Lead")],
    opts=pulumi.ResourceOptions(provider=second),
)

# The account's own main pipeline, found by the function the plugin serves.
account_main = kommo.get_pipeline_output(name="Pipeline")

pulumi.export("salesId", sales.pipeline_id)
pulumi.export("offerId", sales.status_ids.apply(lambda ids: ids["offer"]))
pulumi.export("boardId", board.pipeline_id)
pulumi.export("triageId", triage.status_id)
pulumi.export("accountMain", account_main.pipeline_id)
