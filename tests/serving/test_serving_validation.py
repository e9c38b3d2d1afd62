"""What the REST channel refuses, and how (serving/validation.py)."""

import json

import pytest

from serving.validation import (
    MAX_BODY_BYTES,
    RequestRejected,
    parse_forget_request,
    parse_message_request,
    require_json_content_type,
)

LIMIT = 1000


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def rejected(raw: bytes) -> RequestRejected:
    with pytest.raises(RequestRejected) as info:
        parse_message_request(raw, LIMIT)
    return info.value


def test_a_good_request_gives_sender_and_trimmed_text():
    got = parse_message_request(body(sender="abc-123_x", message="  hello\tthere\n"), LIMIT)
    assert (got.sender, got.text) == ("abc-123_x", "hello\tthere")


def test_extra_fields_are_ignored():
    raw = body(sender="a", message="hi", metadata={"x": 1}, input_channel="evil", stream=True)
    assert parse_message_request(raw, LIMIT).text == "hi"


@pytest.mark.parametrize(
    "raw, status, error",
    [
        (b'{"sender": "a", "message": "hi"', 400, "malformed_json"),
        (b"\xff\xfe", 400, "malformed_json"),
        (b"", 400, "empty_body"),
        (b"[1, 2]", 400, "not_an_object"),
        (body(message="hi"), 400, "missing_sender"),
        (body(sender=None, message="hi"), 400, "missing_sender"),
        (body(sender="a"), 400, "missing_message"),
        (body(sender="a", message=5), 400, "invalid_message"),
        (body(sender="a", message="   "), 400, "empty_message"),
        (body(sender=7, message="hi"), 400, "invalid_sender"),
        (body(sender="a b", message="hi"), 400, "invalid_sender"),
        (body(sender="x" * 65, message="hi"), 400, "invalid_sender"),
        (body(sender="a", message="x" * (LIMIT + 1)), 400, "message_too_long"),
        (body(sender="a", message="hi\x00there"), 400, "invalid_characters"),
        (body(sender="a", message="hi\x1b[31m"), 400, "invalid_characters"),
        (body(sender="a", message="hi\x85there"), 400, "invalid_characters"),
        (b'{"sender": "a", "message": "hi \\ud800"}', 400, "invalid_characters"),
        (b" " * (MAX_BODY_BYTES + 1), 413, "body_too_large"),
    ],
)
def test_bad_requests_are_refused_with_a_status_and_a_clear_error(raw, status, error):
    got = rejected(raw)
    assert (got.status, got.error) == (status, error)
    assert got.body() == {"error": error, "message": got.message}
    assert got.message.endswith(".")


def test_the_limit_is_inclusive_and_the_error_names_it():
    assert parse_message_request(body(sender="a", message="x" * LIMIT), LIMIT)
    assert "1000 characters" in rejected(body(sender="a", message="y" * 1001)).message


def test_errors_never_echo_what_was_sent():
    secret = "my name is Quexley"
    for raw in [body(sender="a", message=secret + "\x00"), body(sender=secret, message="hi")]:
        assert "Quexley" not in json.dumps(rejected(raw).body())


def test_forget_needs_a_valid_sender_only():
    assert parse_forget_request(body(sender="abc")) == "abc"
    for raw in [b"nope", body(), body(sender="a/b")]:
        with pytest.raises(RequestRejected) as info:
            parse_forget_request(raw)
        assert info.value.status == 400


@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_json_content_types_are_accepted(content_type):
    require_json_content_type(content_type)


@pytest.mark.parametrize("content_type", [None, "", "text/plain", "application/json-seq", "json"])
def test_anything_else_is_refused_with_415(content_type):
    with pytest.raises(RequestRejected) as info:
        require_json_content_type(content_type)
    assert (info.value.status, info.value.error) == (415, "unsupported_media_type")
