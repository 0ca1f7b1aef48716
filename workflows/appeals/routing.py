"""Issue 20, item 5: the queue a new appeal joins, by the administrator's routing rules.

Every registration path (the call form, the public form, the e-mail intake, the API) registers through
`services.register_appeal(s)`, which asks `route` here unless the caller names the queue itself. The rules
are read in their order; the first active rule whose conditions the appeal meets gives the queue. The last
rule has no conditions and is the default queue; with no rule at all the appeal waits without a queue
(every operator may take it: `models.may_take`).
"""

from .models import Appeal, RoutingRule


def active_rules():
    return list(RoutingRule.objects.filter(is_active=True).select_related("queue").order_by("sort_order", "id"))


def matching_rule(appeal, rules=None):
    """The first active rule `appeal` meets (None when none does). `rules`: `active_rules()` read once for
    a batch."""
    for rule in active_rules() if rules is None else rules:
        if rule.matches(appeal):
            return rule
    return None


def route(appeal, rules=None):
    rule = matching_rule(appeal, rules)
    return rule.queue if rule is not None else None


def default_queue():
    """The queue of the last active rule without conditions (the catch-all), None if there is none."""
    catch_all = [rule for rule in active_rules() if rule.is_catch_all]
    return catch_all[-1].queue if catch_all else None


def try_rules(*, channel, topic="", service=None, language="", region=None, is_complaint=False):
    """The "test this rule" box: the rule a sample appeal with these facts would meet, and so its queue."""
    sample = Appeal(
        channel=channel,
        topic=topic or "",
        service=service,
        language=language or "",
        region=region,
        is_complaint=bool(is_complaint),
    )
    return matching_rule(sample)
