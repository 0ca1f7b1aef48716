"""Editorial review (paras 3.4 and 9: the Knowledge Base is kept correct before operators answer from it).

One Wagtail workflow, "Editorial review" (named in Kazakh and Russian: WORKFLOW_NAME), covers the whole
page tree: a KB editor (no publish permission) submits a page, a KB reviewer approves it (which publishes
it) or asks for changes with a comment. Revisions, comparison and revert are Wagtail's own. Created after
every `migrate`, idempotent; a workflow an administrator renamed or re-assigned in the admin is left as it is.
"""

from django.contrib.auth.models import Group

from workflows.accounts.selectors import KB_REVIEWER

# A workflow has one name for every admin language (Wagtail does not translate it), shown on the editor's
# "Submit to …" button: it is named in the UCC's two working languages. The English names of earlier
# versions are renamed once.
WORKFLOW_NAME = "Редакциялық тексеру / Редакционная проверка"
TASK_NAME = "Тексерушінің мақұлдауы / Одобрение рецензента"
EARLIER_NAMES = {"Editorial review": WORKFLOW_NAME, "Reviewer approval": TASK_NAME}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def ensure_editorial_workflow():
    """Create the workflow and its group-approval task once, and assign it to the root page."""
    from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

    root = Page.get_first_root_node()
    if root is None:
        return None
    _rename_earlier_names()
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
        task.groups.set([Group.objects.get_or_create(name=KB_REVIEWER)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assigned = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if assigned is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif assigned.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
        WorkflowPage.objects.filter(pk=assigned.pk).update(workflow=workflow)
    return workflow


def _rename_earlier_names():
    from wagtail.models import Task, Workflow

    for old, new in EARLIER_NAMES.items():
        model = Workflow if new == WORKFLOW_NAME else Task
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def ensure_editorial_workflow_after_migrate(sender, using="default", **kwargs):
    if using == "default":  # not for a second database (the read replica's stand-in): it writes the primary
        ensure_editorial_workflow()
