"""Error pages in Vietnamese (400, 403, 404, 413, 500, CSRF), each saying what actually went wrong.

The pages use their own small layout (templates/errors/): no context processor, no database query, so they
still render when the error came from the database. The 503 for a restarting database is
models_registry/middleware.py's DatabaseUnavailableMiddleware.
"""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from accounts.security_log import security_event


def _page(request, status, title, message, *, hint=""):
    body = render_to_string(
        "errors/error.html", {"status": status, "title": title, "message": message, "hint": hint, "request": request}
    )
    return HttpResponse(body, status=status)


def _back_hint():
    return _("Bấm nút Quay lại của trình duyệt: nội dung bạn đã nhập thường vẫn còn trong biểu mẫu.")


@requires_csrf_token
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _page(
            request,
            413,
            _("Dữ liệu gửi lên quá lớn"),
            _("Biểu mẫu hoặc tệp đính kèm vượt quá dung lượng cho phép. Hãy rút gọn nội dung hoặc gửi tệp nhỏ hơn."),
            hint=_back_hint(),
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _page(
            request,
            413,
            _("Biểu mẫu có quá nhiều trường hoặc tệp"),
            _("Mỗi lần chỉ gửi được một số lượng trường và tệp giới hạn. Hãy gửi làm nhiều lần."),
            hint=_back_hint(),
        )
    return _page(
        request,
        400,
        _("Yêu cầu không hợp lệ"),
        _("Máy chủ không hiểu yêu cầu này (địa chỉ hoặc dữ liệu gửi lên bị sai dạng)."),
        hint=_back_hint(),
    )


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        _("Bạn không có quyền thực hiện thao tác này"),
        _("Tài khoản của bạn không được phép làm việc này. Nếu cần, hãy liên hệ cơ quan xét duyệt cấp trên."),
    )


@requires_csrf_token
def page_not_found(request, exception=None):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        # Missing and out-of-scope objects answer the same 404 on purpose; the log keeps the refusal.
        security_event("access.refused", request=request, user=user)
    return _page(
        request,
        404,
        _("Không tìm thấy trang"),
        _("Trang hoặc hồ sơ này không tồn tại, hoặc nằm ngoài phạm vi đơn vị của bạn."),
    )


def server_error(request):
    return _page(
        request,
        500,
        _("Hệ thống gặp lỗi"),
        _("Đã xảy ra lỗi ngoài ý muốn; lỗi đã được ghi lại để khắc phục. Thao tác của bạn chưa được lưu."),
        hint=_back_hint(),
    )


def csrf_failure(request, reason=""):
    security_event("csrf.refused", request=request, reason=reason)
    if reason == REASON_NO_CSRF_COOKIE:
        message = _(
            "Trình duyệt không gửi cookie của Cổng. Hãy bật cookie cho trang này, tải lại trang rồi gửi lại biểu mẫu."
        )
    elif reason == REASON_NO_REFERER or "referer" in reason.lower() or "origin" in reason.lower():
        message = _("Yêu cầu không đến từ một trang của Cổng. Hãy mở lại trang từ Cổng rồi gửi lại biểu mẫu.")
    else:
        message = _(
            "Trang này đã mở quá lâu hoặc bạn đã đăng nhập lại ở cửa sổ khác, nên mã bảo vệ biểu mẫu không còn "
            "hiệu lực. Hãy tải lại trang rồi gửi lại biểu mẫu."
        )
    return _page(request, 403, _("Biểu mẫu đã hết hạn"), message, hint=_back_hint())


def invalid_characters(request):
    return _page(
        request,
        400,
        _("Yêu cầu chứa ký tự không hợp lệ"),
        _("Nội dung tìm kiếm hoặc biểu mẫu có ký tự điều khiển không dùng được. Hãy gõ lại nội dung rồi thử lại."),
        hint=_back_hint(),
    )
