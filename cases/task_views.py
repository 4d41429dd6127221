"""The task page: for the person a task was given to, whether or not they may open the case
(issue 15 item 5). It shows only what they need to do the task (what, by when, the case's
reference), never the case's content; the lead sees it done, with the note, on the case."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cases import selectors as sel
from cases import services
from cases.forms import TaskDoneForm
from core.access import AuthenticatedRequest, Role, roles_required


# Tasks are given only to leads and practitioners (cases.views.task_add).
@roles_required(Role.PRACTITIONER, Role.LEAD, object_scoped=True)
def task(request: AuthenticatedRequest, task_pk: uuid.UUID) -> HttpResponse:
    found = get_object_or_404(sel.tasks_given_to(request.user), pk=task_pk)
    form = TaskDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not found.done_at and form.is_valid():
        services.task_complete(
            task=found, by=request.user, note=form.cleaned_data["note"], request=request
        )
        messages.success(request, f"Task done: {found.title}")
        return redirect("cases:task", task_pk=found.pk)
    if request.method == "GET":
        services.case_viewed(case=found.case, request=request, page="task")
    return render(
        request,
        "cases/task.html",
        {"task": found, "form": form, "today": timezone.localdate()},
        status=400 if form.errors else 200,
    )
