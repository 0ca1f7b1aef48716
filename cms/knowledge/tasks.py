"""django-q entry point: flag Knowledge Base articles that need a review and tell the KB editors (the daily
schedule: workflows/schedules.py). Thin: the flagging and the mail are services.flag_articles_for_review's.
Running the task twice has the effect of running it once."""

from . import services


def flag_articles_for_review(today=None, service=None):
    """Flag the articles needing a review (of `service`, if given); how many the KB editors were told of."""
    return services.flag_articles_for_review(today=today, service=service)
