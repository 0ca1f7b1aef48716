"""The demo site, built by the wiring layer: each app loads its own demo data, in the order they depend on
each other (the calendar and the directory first, the processes that need users, services and bodies last).

Every step is idempotent, so `make demo` can run again on a filled database; each one says what it did.
"""

from django.core.management.base import CommandError

from cms.home.demo import load_demo_knowledge, load_demo_pages, load_demo_service_pages
from workflows.accounts.services import create_demo_users
from workflows.appeals.demo import load_demo_appeals, load_demo_routing_rules
from workflows.authorities.demo import load_demo_authorities
from workflows.calendar.seed import refresh_calendar
from workflows.configuration.demo import load_demo_configuration
from workflows.directory.services import load_directory
from workflows.ict.demo import load_demo_ict_requests, load_demo_ict_services
from workflows.interruptions.demo import load_demo_interruptions
from workflows.lists.demo import load_demo_lists
from workflows.onboarding.demo import load_demo_protocols
from workflows.registry.demo import load_demo_registry, load_demo_registry_changes
from workflows.reports.demo import load_demo_reports
from workflows.stages.demo import load_demo_stages
from workflows.telephony.demo import load_demo_calls
from workflows.webforms.demo import load_demo_forms
from workflows.webhooks.demo import load_demo_webhooks


def load_demo(*, users_password=None, say=print):
    """Load the calendar, directory, registry, public pages, service guidance and Knowledge Base in kk/ru/en,
    a user per role if `users_password` is given, then demo appeals, calls,
    onboarding protocols and the records of the bodies and authorities."""
    say(f"Calendar: {refresh_calendar()}")
    created, updated = load_directory()
    say(f"Directory: {created} created, {updated} checked")
    report = load_demo_registry()
    if not report.written:
        raise CommandError(f"The demo registry did not load: {report.summary()}")
    say(f"Registry: {report.summary()}")
    say(f"Pages: {load_demo_pages()} published")
    say(f"Service guidance: {load_demo_service_pages()} published")
    say(f"Knowledge Base: {load_demo_knowledge()} published")
    say(f"Site contacts and process terms: {load_demo_configuration()} created")
    if users_password is not None:
        say(f"Demo users (one per role): {', '.join(create_demo_users(password=users_password))}")
    say(f"Demo reference lists and routing rules: {load_demo_lists() + load_demo_routing_rules()} created")
    say(f"Demo appeals: {load_demo_appeals()} created")
    say(f"Demo calls: {load_demo_calls()} created")
    say(f"Demo onboarding protocols: {load_demo_protocols()} created")
    say(f"Demo by-law changes and replacements: {load_demo_registry_changes()} created")
    for what, created in load_demo_authorities():
        say(f"Demo {what}: {created} created")
    say(f"Demo ICT services: {load_demo_ict_services()} created")
    say(f"Demo ICT requests: {load_demo_ict_requests()} created")
    say(f"Demo planned interruptions: {load_demo_interruptions()} created")
    say(f"Demo application stages: {load_demo_stages()} created")
    say(f"Demo statutory reports: {load_demo_reports()} created")
    say(f"Demo form pages (kk/ru/en): {load_demo_forms()} published")
    say(f"Demo webhook endpoints and deliveries: {load_demo_webhooks()} created")
