"""A program on the generated pulumi_kommo SDK that uses every part of it: it must type-check with no error."""
from typing import Mapping
import pulumi
import pulumi_kommo as kommo

second = kommo.Provider(
    "second",
    base_url="http://127.0.0.1:8080",
    access_token=pulumi.Config().require_secret("secondToken"),
    rate_limit=3.5,
    request_timeout_ms=10_000,
)

sales = kommo.Pipeline(
    "sales",
    name="Sales",
    sort=10,
    is_unsorted_on=True,
    won_status_name="Paid",
    statuses=[
        kommo.StageArgs(name="New"),
        kommo.StageArgs(
            key="offer",
            name="Offer sent",
            color=kommo.StatusColor.HEX98CBFF,
            descriptions=[
                kommo.StatusDescriptionArgs(level=kommo.DescriptionLevel.NEWBIE, description="Send the offer template."),
            ],
        ),
        # The TypedDict form of the same input type.
        {"name": "Negotiation", "color": kommo.StatusColor.HEXFFEAB2},
        # A color as YAML writes it: any string type-checks, and the palette is checked at preview.
        kommo.StageArgs(name="Signed", color="#ffdc7f"),
    ],
    adopt=kommo.AdoptArgs(name="Sales"),
    opts=pulumi.ResourceOptions(provider=second),
)

board = kommo.Pipeline("board", name="Board", sort=20)
triage = kommo.Status(
    "triage",
    pipeline_id=board.pipeline_id,
    name="Triage",
    sort=10,
    color=kommo.StatusColor.HEXF2F3F4,
)

found = kommo.get_pipeline_output(name=board.name)
other = kommo.get_pipeline(name="Someone else's")
first_id: int = other.pipeline_id
ids: pulumi.Output[Mapping[str, int]] = sales.status_ids
live_color: pulumi.Output[str] = triage.live_color

pulumi.export("salesId", sales.pipeline_id)
pulumi.export("offerId", sales.status_ids.apply(lambda m: m["offer"]))
pulumi.export("liveNames", sales.live_statuses.apply(lambda ls: [s.name for s in ls]))
pulumi.export("boardFound", found.pipeline_id)
pulumi.export("incoming", other.incoming_status_id)
pulumi.export("firstId", first_id)
pulumi.export("triageColor", live_color)
pulumi.export("ids", ids)
