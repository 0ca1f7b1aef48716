"""The platform's roles, declared once as code and kept in step with the database.

Each role is a Django/Wagtail group. A data migration creates the groups; after every `migrate`
the declared permissions are added (so a later app's models join the roles as soon as it lands).
Permissions a superuser grants by hand are left alone.
"""

from dataclasses import dataclass, field

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

ADMIN_ACCESS = "wagtailadmin.access_admin"
READ_DIRECTORY = ("directory.view_region", "directory.view_statebody")
READ_CALENDAR = ("calendar.view_holiday", "calendar.view_workdaytransfer")
READ_AUDIT = ("auditlog.view_logentry",)
# Issue 20: the configuration (site contacts and notice, process terms); its history is READ_AUDIT's.
READ_CONFIGURATION = ("calendar.view_term", "configuration.view_sitecontacts")
CONFIGURE = (*READ_CONFIGURATION, "calendar.add_term", "configuration.change_sitecontacts")
# Issue 20, items 4-5: the reference lists and the routing rules, kept by the administrators, read by the authorities.
READ_CONFIGURATION_LISTS = ("lists.view_listentry", "appeals.view_routingrule")
READ_REGISTRY = ("registry.view_publicservice",)
# Paras 20-23: view and move onboarding protocols (a body's responsible person: their own body's only).
ONBOARDING = ("onboarding.view_onboardingprotocol", "onboarding.change_onboardingprotocol")
READ_APPEALS = ("appeals.view_appeal", "appeals.view_appealevent")
WORK_APPEALS = (*READ_APPEALS, "appeals.add_appeal", "appeals.work_appeal", "appeals.view_applicant")
# Issue 19: the answer templates the operators insert, kept by the supervisors.
EDIT_ANSWER_TEMPLATES = tuple(f"appeals.{verb}_answertemplate" for verb in ("add", "change", "delete", "view"))
# Para 8: the e-mail quarantine: view the raw messages that could not be read, download and reprocess them.
MAIL_QUARANTINE = ("mailintake.view_inboundmessage", "mailintake.reprocess_inboundmessage")
# Paras 7, 13: the telephony dashboard, calls and ratings (workflows/telephony); supervisors import call logs.
READ_TELEPHONY = ("telephony.view_dashboard", "telephony.view_call", "telephony.view_rating")

# Paras 14, 24-25, 28, 30, 32 and 15, 17, 21: the processes with the bodies and authorities (workflows/authorities).
AUTHORITY_MODELS = (
    "callrecordrequest",
    "informationrequest",
    "escalation",
    "discrepancyrequest",
    "trainingrequest",
    "training",
    "visit",
    "attachment",
)
READ_AUTHORITIES = tuple(f"authorities.view_{model}" for model in AUTHORITY_MODELS)
WORK_AUTHORITIES = (
    *READ_AUTHORITIES,
    *(f"authorities.{action}_{model}" for model in AUTHORITY_MODELS for action in ("add", "change")),
    "authorities.handle_request",
)
# A body's responsible person sees and answers their own body's information requests only (selectors).
ANSWER_AUTHORITIES = (
    "authorities.view_informationrequest",
    "authorities.view_training",
    "authorities.view_visit",
    "authorities.view_attachment",
    "authorities.add_attachment",
    "authorities.answer_request",
)
# Para 38: planned interruptions; everyone at the line sees them, coordinators and supervisors enter and notify them.
READ_INTERRUPTIONS = ("interruptions.view_interruptionnotice", "interruptions.view_noticedelivery")
WORK_INTERRUPTIONS = (
    *READ_INTERRUPTIONS,
    "interruptions.add_interruptionnotice",
    "interruptions.change_interruptionnotice",
    "interruptions.manage_notice",
)

# Paras 35-37: the ICT desk (workflows/ict). The UCC works every request; a body's user registers and follows
# their own body's (selectors); coordinators keep the services and the Regulations' terms.
WORK_ICT = ("ict.view_ictrequest", "ict.add_ictrequest", "ict.handle_ictrequest", "ict.view_ictservice")
KEEP_ICT = ("ict.add_ictservice", "ict.change_ictservice", "ict.view_ictterm", "ict.change_ictterm")
OWN_ICT = ("ict.view_ictrequest", "ict.add_ictrequest", "ict.register_own_ictrequest", "ict.view_ictservice")

# Para 29: the stages of citizens' applications (workflows/stages): operators look them up, coordinators import
# files of them; the monitoring system pushes with a telephony integration's token, not as a user.
LOOK_UP_STAGES = ("stages.view_applicationstage",)
IMPORT_STAGES = (*LOOK_UP_STAGES, "stages.import_applicationstage")
# Paras 16, 31, 39: the statutory reports (workflows/reports). The UCC's supervisors and coordinators see every
# recipient's, regenerate and resend them and keep the report contacts; the authorities' and bodies' users see
# only the reports addressed to their own bodies (selectors).
READ_REPORTS = ("reports.view_report", "reports.view_reportdelivery")
MANAGE_REPORTS = (
    *READ_REPORTS,
    "reports.view_all_reports",
    "reports.manage_report",
    *(f"reports.{action}_reportcontact" for action in ("view", "add", "change", "delete")),
)
# Issue 18, item 7: the compliance dashboard (every clock of the Rules, counts only) for the UCC's supervisors
# and coordinators and for the quality authority's viewers.
SEE_COMPLIANCE = ("reports.view_compliance",)

# Issue 14, defect 17: documents and images for the articles, uploaded, edited and chosen in any collection.
MEDIA = tuple(
    f"{app}.{action}_{model}"
    for app, model in (("wagtaildocs", "document"), ("wagtailimages", "image"))
    for action in ("add", "change", "choose")
)

# Issue 20, item 3: the texts of every mail the platform sends (supervisors; administrators are superusers).
EDIT_NOTIFICATIONS = ("notifications.view_notificationtemplate", "notifications.change_notificationtemplate")
# The search synonyms (ЭЦП = ЭЦҚ = EDS …) that KB editors keep (cms/search).
EDIT_SYNONYMS = tuple(f"search.{action}_synonymgroup" for action in ("view", "add", "change", "delete"))
# Paras 9, 17: the KB editors' queue of update requests (raised by operators and visitors, closed by editors).
HANDLE_KB_UPDATE_REQUESTS = ("knowledge.view_updaterequest", "knowledge.change_updaterequest")


@dataclass(frozen=True)
class Role:
    name: str
    description: str
    permissions: tuple = ()
    page_permissions: tuple = field(default=())  # on the whole page tree (root)
    # Wagtail 8 grants uploads and choosers per collection: a group's plain add_document lets nobody upload.
    collection_permissions: tuple = field(default=())  # on the root collection ("app.codename")
    restricted_to_own_body: bool = False


OPERATOR = Role(
    "Operator",
    "Answers appeals from the Knowledge Base (paras 7-11).",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        *READ_CALENDAR,
        *READ_REGISTRY,
        *WORK_APPEALS,
        *WORK_ICT,
        *READ_INTERRUPTIONS,
        *LOOK_UP_STAGES,
    ),
)
SENIOR_OPERATOR = Role(
    "Senior operator",
    "Supervises operators; sees the audit trail of their work.",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        *READ_CALENDAR,
        *READ_REGISTRY,
        *READ_AUDIT,
        *WORK_APPEALS,
        "appeals.change_appeal",
        "appeals.assign_appeal",
        *EDIT_ANSWER_TEMPLATES,
        *EDIT_NOTIFICATIONS,
        *READ_TELEPHONY,
        "telephony.add_calllogimport",
        "telephony.view_calllogimport",
        *MAIL_QUARANTINE,
        *WORK_AUTHORITIES,
        *WORK_ICT,
        *WORK_INTERRUPTIONS,
        *LOOK_UP_STAGES,
        *MANAGE_REPORTS,
        *SEE_COMPLIANCE,
        *CONFIGURE,
    ),
)
KB_EDITOR = Role(
    "KB editor",
    "Writes Knowledge Base articles and service guidance; submits them for review.",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        "wagtailimages.add_image",
        "wagtaildocs.add_document",
        *EDIT_SYNONYMS,
        *HANDLE_KB_UPDATE_REQUESTS,
    ),
    page_permissions=("add_page", "change_page"),
    collection_permissions=MEDIA,
)
KB_REVIEWER = Role(
    "KB reviewer",
    "Reviews and publishes Knowledge Base and public pages (moderation).",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        *HANDLE_KB_UPDATE_REQUESTS,
    ),
    page_permissions=("add_page", "change_page", "publish_page"),
    collection_permissions=MEDIA,
)
COORDINATOR = Role(
    "Onboarding coordinator",
    "Onboards public services (paras 20-23); keeps the directory and the working-day calendar.",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        *READ_CALENDAR,
        "directory.add_region",
        "directory.change_region",
        "directory.add_statebody",
        "directory.change_statebody",
        "calendar.add_holiday",
        "calendar.change_holiday",
        "calendar.delete_holiday",
        "calendar.add_workdaytransfer",
        "calendar.change_workdaytransfer",
        "calendar.delete_workdaytransfer",
        *READ_REGISTRY,
        "registry.add_publicservice",
        "registry.change_publicservice",
        "registry.view_responsibleperson",
        "registry.add_responsibleperson",
        "registry.change_responsibleperson",
        "registry.view_servicechange",
        "registry.add_servicechange",
        "registry.change_servicechange",
        "registry.confirm_servicechange",
        "registry.view_registryimport",
        "registry.add_registryimport",
        *ONBOARDING,
        "onboarding.add_onboardingprotocol",
        "onboarding.manage_onboardingprotocol",
        "onboarding.view_onboardingreminder",
        *WORK_AUTHORITIES,
        *WORK_ICT,
        *KEEP_ICT,
        *WORK_INTERRUPTIONS,
        *IMPORT_STAGES,
        *MANAGE_REPORTS,
        *SEE_COMPLIANCE,
    ),
)
RESPONSIBLE_PERSON = Role(
    "Body responsible person",
    "A body's responsible person (paras 20, 26, 27): sees only their own body's records.",
    (
        ADMIN_ACCESS,
        "directory.view_statebody",
        *READ_REGISTRY,
        "registry.view_responsibleperson",
        "registry.change_responsibleperson",
        "registry.view_servicechange",
        "registry.change_servicechange",
        *ONBOARDING,
        *ANSWER_AUTHORITIES,
        *OWN_ICT,
        *READ_REPORTS,
    ),
    restricted_to_own_body=True,
)
AUTHORITY_VIEWER = Role(
    "Authority viewer",
    "The authorized bodies (paras 14, 16, 31): read-only reports, KPIs and the audit trail.",
    (
        ADMIN_ACCESS,
        *READ_DIRECTORY,
        *READ_CALENDAR,
        *READ_REGISTRY,
        *READ_AUDIT,
        *READ_CONFIGURATION_LISTS,
        *READ_APPEALS,
        *READ_TELEPHONY,
        *READ_AUTHORITIES,
        *READ_INTERRUPTIONS,
        *READ_REPORTS,
        *SEE_COMPLIANCE,
        *READ_CONFIGURATION,
    ),
)

ROLES = (OPERATOR, SENIOR_OPERATOR, KB_EDITOR, KB_REVIEWER, COORDINATOR, RESPONSIBLE_PERSON, AUTHORITY_VIEWER)
# The groups keep their English names (code and fixtures refer to them); people read them in their language.
ROLE_LABELS = {
    OPERATOR.name: _("Operator"),
    SENIOR_OPERATOR.name: _("Senior operator"),
    KB_EDITOR.name: _("KB editor"),
    KB_REVIEWER.name: _("KB reviewer"),
    COORDINATOR.name: _("Onboarding coordinator"),
    RESPONSIBLE_PERSON.name: _("Body responsible person"),
    AUTHORITY_VIEWER.name: _("Authority viewer"),
}


def role_label(group):
    """A group (or its name) as a person reads it: a role in their language, another group by its name."""
    name = getattr(group, "name", group)
    return ROLE_LABELS.get(name, name)


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _grant_page_permissions(group, codenames):
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _grant_collection_permissions(group, dotted_names):
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for permission in filter(None, map(_permission, dotted_names)):
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def sync_roles():
    """Make sure every role's group exists and holds its declared permissions."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        found = [perm for perm in map(_permission, role.permissions) if perm is not None]
        group.permissions.add(*found)
        _grant_page_permissions(group, role.page_permissions)
        _grant_collection_permissions(group, role.collection_permissions)


def sync_roles_after_migrate(sender, using="default", **kwargs):
    """post_migrate: permissions of every app exist only once each app has migrated; create them first.
    Only for the primary: a flushed or migrated second database (the read replica's stand-in) is not where
    the roles live, and `sync_roles` writes to the primary."""
    from django.apps import apps

    if using != "default":
        return
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles()


def is_restricted_to_own_body(user):
    """True for a user whose only roles are restricted ones (a body's responsible person)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    restricted = {role.name for role in ROLES if role.restricted_to_own_body}
    return bool(names) and names <= restricted


def own_body_ids(user):
    return list(user.body_memberships.values_list("body_id", flat=True))


def emails_of(role):
    """The addresses of the active users holding `role`, each once: where an alert to "the supervisors" goes."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(groups__name=role.name, is_active=True).exclude(email="")
    return list(dict.fromkeys(users.order_by("pk").values_list("email", flat=True)))
