"""Where data can be: cloud region codes and the cities that host data centres.

Residency is often stated by a place a region list does not name: "deployed in europe-west4",
"a resource created in swedencentral", "the processing entities are located in Frankfurt". These
names count for detecting a residency claim only; the ``regions`` fact keeps to ``rules.REGIONS``.
"""

from __future__ import annotations

# Provider region identifiers: eu-central-1, us-east-2, europe-west4, us-central1, swedencentral,
# westeurope, francecentral, asia-northeast1, ap-southeast-2.
CLOUD_REGION_CODE = (
    r"(?:(?:eu|us|ap|ca|sa|me|af|il|mx)-(?:gov-)?(?:west|east|central|north|south|northeast|southeast|northwest"
    r"|southwest)-\d|(?:europe|asia|australia|northamerica|southamerica|us|me|africa)-(?:west|east|central|north"
    r"|south|northeast|southeast|southwest|northwest)\d{1,2}"
    r"|(?:sweden|france|germany|switzerland|norway|uk|japan|canada|australia|korea|india|uae|qatar|poland|italy"
    r"|spain|brazil|southafrica)(?:central|south|north|west|east)|(?:west|north)europe|(?:east|west|central)us\d?)"
)
DATA_CENTRE_CITIES = (
    r"Frankfurt|Dublin|Paris|London|Amsterdam|Stockholm|Milan|Madrid|Zurich|Warsaw|Helsinki|Oslo|Brussels"
    r"|Virginia|Ohio|Oregon|Iowa|Tokyo|Osaka|Seoul|Singapore|Sydney|Melbourne|Mumbai|Montreal|Toronto"
    r"|S[aã]o\s+Paulo|Cape\s+Town|Bahrain|Jakarta|Hong\s+Kong"
)
