from django.http import FileResponse


def attachment_response(file, filename: str) -> FileResponse:
    """Serve an uploaded file so that no browser renders it on our origin: always a download, never sniffed,
    and sandboxed should a browser ignore both."""
    response = FileResponse(file, as_attachment=True, filename=filename, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
