from plans.models.figures import ImportBatch, ImportChange, Indicator, Observation, source_label
from plans.models.plan import (
    CouncilAdoption,
    FocusArea,
    InfrastructureProject,
    Municipality,
    StrategicPlan,
    Target,
    TargetRule,
)

__all__ = [
    "CouncilAdoption",
    "FocusArea",
    "ImportBatch",
    "ImportChange",
    "Indicator",
    "InfrastructureProject",
    "Municipality",
    "Observation",
    "StrategicPlan",
    "Target",
    "TargetRule",
    "source_label",
]
