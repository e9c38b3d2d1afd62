"""What the REST channel refuses, and how (serving/validation.py)."""

import json

import pytest

from serving.validation import (
    MAX_BODY_BYTES,
    RequestRejected,
    parse_forget_request,
    parse_message_request,
    require_forget_content_type,
    require_json_content_type,
)

LIMIT = 1000
A = "a" * 16  # the shortest sender id accepted
UUID = "0b7c4a52-9a3e-4a8e-9c43-0e1f3f9b2d11"  # what the widget sends (crypto.randomUUID)


def body(**fields) -> bytes:
    return json.dumps(fields).encode()


def rejected(raw: bytes) -> RequestRejected:
    with pytest.raises(RequestRejected) as info:
        parse_message_request(raw, LIMIT)
    return info.value


def test_a_good_request_gives_sender_and_trimmed_text():
    got = parse_message_request(body(sender=UUID, message="  hello\tthere\n"), LIMIT)
    assert (got.sender, got.text) == (UUID, "hello\tthere")


def test_extra_fields_are_ignored():
    raw = body(sender=A, message="hi", metadata={"x": 1}, input_channel="evil", stream=True)
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
        (body(sender=A), 400, "missing_message"),
        (body(sender=A, message=5), 400, "invalid_message"),
        (body(sender=A, message="   "), 400, "empty_message"),
        (body(sender=7, message="hi"), 400, "invalid_sender"),
        (body(sender="a b" * 8, message="hi"), 400, "invalid_sender"),
        (body(sender="a" * 15, message="hi"), 400, "invalid_sender"),  # could be guessed
        (body(sender="1", message="hi"), 400, "invalid_sender"),
        (body(sender="x" * 65, message="hi"), 400, "invalid_sender"),
        (body(sender=A, message="x" * (LIMIT + 1)), 400, "message_too_long"),
        (body(sender=A, message="hi\x00there"), 400, "invalid_characters"),
        (body(sender=A, message="hi\x1b[31m"), 400, "invalid_characters"),
        (body(sender=A, message="hi\x85there"), 400, "invalid_characters"),
        (b'{"sender": "aaaaaaaaaaaaaaaa", "message": "hi \\ud800"}', 400, "invalid_characters"),
        (b" " * (MAX_BODY_BYTES + 1), 413, "body_too_large"),
    ],
)
def test_bad_requests_are_refused_with_a_status_and_a_clear_error(raw, status, error):
    got = rejected(raw)
    assert (got.status, got.error) == (status, error)
    assert got.body() == {"error": error, "message": got.message}
    assert got.message.endswith(".")


def test_the_limit_is_inclusive_and_the_error_names_it():
    assert parse_message_request(body(sender=A, message="x" * LIMIT), LIMIT)
    assert "1000 characters" in rejected(body(sender=A, message="y" * 1001)).message


def test_errors_never_echo_what_was_sent():
    secret = "my name is Quexley"
    for raw in [body(sender=A, message=secret + "\x00"), body(sender=secret, message="hi")]:
        assert "Quexley" not in json.dumps(rejected(raw).body())


def test_forget_needs_a_valid_sender_only():
    assert parse_forget_request(body(sender=UUID)) == UUID
    for raw in [b"nope", body(), body(sender="a/b" * 6), body(sender="abc")]:
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


def test_the_sender_error_says_how_long_an_id_must_be():
    got = rejected(body(sender="abc", message="hi"))
    assert got.message == 'The field "sender" must be 16 to 64 letters, digits, "-" or "_".'


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 8000 + b"]" * 8000,  # under 16 KiB, deeper than Python's recursion limit
        b'{"sender": "aaaaaaaaaaaaaaaa", "message": "hi", "n": ' + b"7" * 5000 + b"}",
        b'{"sender": "aaaaaaaaaaaaaaaa", "message": "hi", "n": -' + b"9" * 4400 + b"}",
    ],
    ids=["deep nesting", "5000-digit number", "4400-digit negative number"],
)
def test_json_the_parser_refuses_is_a_400_not_a_server_error(raw):
    assert len(raw) <= MAX_BODY_BYTES
    got = rejected(raw)
    assert (got.status, got.error) == (400, "json_too_complex")
    assert "7777" not in got.message and "9999" not in got.message


@pytest.mark.parametrize(
    "content_type", ["application/json", "text/plain;charset=UTF-8", "TEXT/PLAIN"]
)
def test_forget_also_takes_text_plain_which_is_what_send_beacon_sends(content_type):
    require_forget_content_type(content_type)


@pytest.mark.parametrize(
    "content_type",
    [None, "", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html"],
)
def test_forget_refuses_other_types(content_type):
    with pytest.raises(RequestRejected) as info:
        require_forget_content_type(content_type)
    assert info.value.status == 415
