"""Background work for the learning app (django-tasks)."""

from django_tasks import task

from learning.services import action_reminders_send


@task()
def send_action_reminders() -> int:
    """Remind owners of actions falling due. Run daily by the worker's scheduler or cron."""
    return action_reminders_send()
