from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.access import signed_in
from notices import services
from notices.selectors import notices_of


@signed_in()
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notices/inbox.html", {"page": page, "query": ""})


@signed_in()
@require_POST
def open_notice(request: HttpRequest, pk: str) -> HttpResponse:
    notice = get_object_or_404(notices_of(request.user), pk=pk)
    services.notice_open(notice=notice, by=request.user, request=request)
    if url_has_allowed_host_and_scheme(notice.path, allowed_hosts=None):
        return HttpResponseRedirect(notice.path)
    return redirect("notices:inbox")


@signed_in()
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notices_mark_all_read(by=request.user, request=request)
    return redirect("notices:inbox")
