from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "workflows.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding of public services"
