"""A role's own work on its admin home (Wagtail's dashboard): a heading, a few figures that each open their
list, and the one or two actions that start the work. Each app adds its panel through Wagtail's
`construct_homepage_panels` hook; this module only shapes and draws them, below every app that uses it."""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str
    critical: bool = False  # drawn as a warning when above zero (overdue work)


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    post: bool = False  # a step that changes something (taking the next appeal) is a POST button


class WorkPanel(Component):
    template_name = "accounts/work_panel.html"

    def __init__(self, *, name, heading, figures, actions=(), note="", order=50):
        self.name = name
        self.heading = heading
        self.figures = list(figures)
        self.actions = list(actions)
        self.note = note
        self.order = order

    def get_context_data(self, parent_context):
        return {"panel": self, "csrf_token": parent_context.get("csrf_token")}
