"""The REST channel, hardened. Named in credentials.yml; still called "rest", so the URLs stay:

    POST /webhooks/rest/webhook   {"sender": "...", "message": "..."}  -> the replies (a JSON list)
    POST /webhooks/rest/forget    {"sender": "..."}                    -> {"status": "forgotten"}
    GET  /webhooks/rest/                                               -> {"status": "ok"}

Compared with Rasa's RestInput (rasa/core/channels/rest.py):
- the webhook wants `Content-Type: application/json` (415 otherwise), so a browser on another
  site must ask first (a CORS preflight) and is refused; the forget route also takes text/plain,
  which is what the widget's navigator.sendBeacon sends (why that is safe:
  serving/validation.py `require_forget_content_type`); Sanic reads at most 32 KiB of a body;
- each conversation has at most CONVERSATION_MAX_MESSAGES messages (60), counted before Rasa
  loads the conversation (`admit` in serving/tracker_store.py: no second load of the tracker):
  the next one gets 429 `conversation_too_long` and the conversation is deleted. A turn's work
  grows with the conversation and blocks the event loop (the reply timeout cannot interrupt
  it), so this cap is what bounds it;
- a forgotten conversation stays forgotten: a message to its id gets 410
  `conversation_forgotten` (a tombstone, the id's hash, kept for the TTL), so the widget starts
  a new conversation with a new id instead of a client quietly reusing the old one;
- input is checked (serving/validation.py): bad JSON, missing or wrong fields, over-long
  messages and control characters get a 4xx JSON error; `metadata`, `input_channel` and
  `stream` from the request are ignored;
- a typed "/..." reaches Rasa only if it is a payload some button offers; a made-up
  `/intent{...}` gets a 400, other "/words" go on as plain words (serving/payloads.py);
- the person always gets an answer: `utter_fail_safe` (999 and the Helpline) when the answer is
  late, empty or an action failed (serving/failsafe.py);
- no user text is logged (the stock channel logs it on errors), see serving/log_privacy.py;
- the forget route deletes the conversation from the tracker store at once (in memory or Redis);
- `GET /` answers {"status": "ok"} instead of Rasa's "Hello from Rasa: <version>".

A late turn is cancelled. Rasa saves the tracker once, at the end of a turn, so a cancelled
turn leaves the conversation exactly as it was before the message (the person saw the
fail-safe, not the lost answer, and can simply send again). If the turn finishes in the instant
between the timeout and the cancellation, its answer is sent as normal.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from languages.translate import translator
from serving import action_results, log_privacy, settings
from serving.failsafe import (
    CURRENT_TURN,
    STOPPED_RESPONSE,
    TurnWatch,
    fail_safe_messages,
    install_action_failure_filter,
    safety_messages,
    says_response,
)
from serving.payloads import PayloadAllowList, UnknownPayload, service_ids
from serving.tracker_store import (
    FORGOTTEN,
    delete_conversation,
    mark_forgotten,
    primary_store,
    use_expiring_fallback,
)
from serving.validation import (
    MAX_REQUEST_BYTES,
    RequestRejected,
    parse_forget_request,
    parse_message_request,
    require_forget_content_type,
    require_json_content_type,
)

logger = logging.getLogger(__name__)

CANCEL_GRACE_SECONDS = 1.0
EMPTY_AFTER_SLASHES = RequestRejected(400, "empty_message", 'The field "message" is empty.')
UNKNOWN_PAYLOAD = RequestRejected(
    400, "unknown_payload", "The message is a button payload that the assistant does not offer."
)
TOO_LONG = RequestRejected(
    429,
    "conversation_too_long",
    "This conversation has too many messages, so it was deleted. Start a new one.",
)
FORGOTTEN_CONVERSATION = RequestRejected(
    410, "conversation_forgotten", "This conversation was deleted. Start a new one."
)


def with_languages(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Each message with the language it is written in ("lang"), for the widget's lang attribute
    (screen readers read each message in its own language). A card says its own."""
    languages = translator()
    for message in messages:
        card = message.get("custom")
        if isinstance(card, dict) and isinstance(card.get("lang"), str):
            message["lang"] = card["lang"]
        elif isinstance(message.get("text"), str):
            message["lang"] = languages.language_of(message["text"])
    return messages


def _error(rejected: RequestRejected) -> HTTPResponse:
    return response.json(rejected.body(), status=rejected.status)


def _retrieve_exception(task: asyncio.Future[Any]) -> None:
    """Done-callback: a cancelled or failed turn must not log "exception never retrieved"."""
    if not task.cancelled():
        task.exception()


async def hide_version(request: Request) -> HTTPResponse | None:
    """Request middleware: `GET /` says the server is up, without Rasa's version."""
    if request.path == "/":
        return response.json({"status": "ok"})
    return None


class HardenedRestInput(RestInput):
    """See the module docstring."""

    def __init__(
        self,
        reply_timeout_seconds: float | None = None,
        max_message_chars: int | None = None,
        max_messages: int | None = None,
    ) -> None:
        self.reply_timeout_seconds = reply_timeout_seconds or settings.reply_timeout_seconds()
        self.max_message_chars = max_message_chars or settings.max_message_chars()
        self.max_messages = max_messages or settings.conversation_max_messages()
        self._uncounted_warned = False
        self._allow_list: PayloadAllowList | None = None
        self._allow_list_domain: Any = None
        log_privacy.install()
        install_action_failure_filter()
        action_results.install()
        logger.info(
            f"REST channel: replies within {self.reply_timeout_seconds} s or the fail-safe; "
            f"messages up to {self.max_message_chars} characters, "
            f"{self.max_messages} per conversation."
        )

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> HardenedRestInput:
        return cls()

    # -- the payload allow-list, rebuilt whenever the agent's domain (model) changes -----------
    def allow_list(self, agent: Any) -> PayloadAllowList:
        domain = getattr(agent, "domain", None)
        if self._allow_list is None or domain is not self._allow_list_domain:
            try:
                ids = service_ids()
            except (OSError, ValueError, KeyError) as error:
                logger.error(f"No contact_service buttons allowed: {type(error).__name__}")
                ids = []
            responses = getattr(domain, "responses", None) or {}
            self._allow_list = PayloadAllowList.from_sources(responses, ids)
            self._allow_list_domain = domain
        return self._allow_list

    # -- one turn ----------------------------------------------------------------------------
    async def answer(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any,
        sender: str,
        text: str,
    ) -> List[Dict[str, Any]]:
        """The replies to one message, or the fail-safe; never raises, never waits longer
        than the reply timeout (plus a short grace for cancelling)."""
        collector = CollectingOutputChannel()
        turn = TurnWatch()
        token = CURRENT_TURN.set(turn)  # copied into the task's context
        try:
            task = asyncio.ensure_future(
                on_new_message(UserMessage(text, collector, sender, input_channel=self.name()))
            )
        finally:
            CURRENT_TURN.reset(token)
        task.add_done_callback(_retrieve_exception)
        try:
            done, _ = await asyncio.wait({task}, timeout=self.reply_timeout_seconds)
            if not done:
                task.cancel()
                await asyncio.wait({task}, timeout=CANCEL_GRACE_SECONDS)
        except asyncio.CancelledError:  # the client went away: stop the turn too
            task.cancel()
            raise

        reason = None
        if not task.done() or task.cancelled():
            reason = "timeout"
        elif task.exception() is not None:
            reason = f"error ({type(task.exception()).__name__})"
        elif not collector.messages:
            reason = "empty reply"
        elif turn.action_failed:
            reason = "action failed"
        responses = getattr(getattr(agent, "domain", None), "responses", None)
        if reason is None:
            if says_response(collector.messages, responses, STOPPED_RESPONSE):
                # "Stop" forgets the conversation, as Exit does: utter_stopped says so.
                await self.forget(agent, sender)
            return with_languages(collector.messages)
        logger.warning(f"Sent the fail-safe reply: {reason}.")
        safe = fail_safe_messages(responses, sender)
        if reason == "action failed":
            return collector.messages + safe
        # Late or broken: what was said may be half an answer, but a 999 answer is never dropped.
        return safety_messages(collector.messages, responses) + safe

    # -- the message count, checked before Rasa loads the conversation -------------------------
    def admit(self, agent: Any, sender: str) -> int | None:
        """The message's number in its conversation, FORGOTTEN, or None if it cannot be
        counted (a store without `admit`, or Redis failing: then the turn fails the same way
        and the person gets the fail-safe reply)."""
        store = primary_store(getattr(agent, "tracker_store", None))
        if not hasattr(store, "admit"):
            if store is not None and not self._uncounted_warned:
                self._uncounted_warned = True
                logger.error(f"Messages are not counted with {type(store).__name__}: no cap.")
            return None
        try:
            return store.admit(sender)
        except Exception as error:  # noqa: BLE001 - logged without any conversation content
            logger.warning(f"Could not count a message: {type(error).__name__}")
            return None

    async def forget(self, agent: Any, sender: str, tombstone: bool = False) -> None:
        """Deletes the conversation now, and again once any turn still running for it has
        finished (that turn would save it again when it ends). With `tombstone`, a later
        message to this id gets 410 (only if the server had the conversation: ids nobody used
        leave nothing behind)."""
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return
        if delete_conversation(store, sender) and tombstone:
            mark_forgotten(store, sender)
        if getattr(agent, "lock_store", None) is None:
            return
        # Turns end within the reply timeout (late ones are cancelled), so this wait is short;
        # usually no turn is running and it takes no time at all.
        try:
            await asyncio.wait_for(
                self._delete_after_running_turns(agent, sender),
                timeout=self.reply_timeout_seconds + CANCEL_GRACE_SECONDS + 1,
            )
        except asyncio.TimeoutError:
            logger.warning("A forgotten conversation was still busy: its expiry will delete it.")

    @staticmethod
    async def _delete_after_running_turns(agent: Any, sender: str) -> None:
        try:
            async with agent.lock_store.lock(sender, wait_time_in_seconds=0.1):
                delete_conversation(agent.tracker_store, sender)
        except Exception as error:  # noqa: BLE001 - logged without any conversation content
            logger.error(f"Could not re-check a forgotten conversation: {type(error).__name__}")

    # -- routes ------------------------------------------------------------------------------
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("hardened_rest_webhook", __name__)

        @webhook.listener("before_server_start")
        async def cap_request_size(app: Any, _loop: Any) -> None:
            # Only ever lowered: a smaller SANIC_REQUEST_MAX_SIZE set by an operator stays.
            app.config.REQUEST_MAX_SIZE = min(app.config.REQUEST_MAX_SIZE, MAX_REQUEST_BYTES)
            # Rasa answers GET / with its version ("Hello from Rasa: 3.6.21"): a version tells
            # an attacker which published flaws to try. Request middleware runs before routing.
            if hide_version not in app.request_middleware:
                app.register_middleware(hide_version, "request")

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                require_json_content_type(request.headers.get("content-type"))
                incoming = parse_message_request(request.body, self.max_message_chars)
            except RequestRejected as rejected:
                return _error(rejected)
            agent = getattr(request.app.ctx, "agent", None)
            use_expiring_fallback(getattr(agent, "tracker_store", None))
            try:
                text = self.allow_list(agent).resolve(incoming.text)
            except UnknownPayload:
                return _error(UNKNOWN_PAYLOAD)
            if not text:
                return _error(EMPTY_AFTER_SLASHES)
            turn = self.admit(agent, incoming.sender)
            if turn == FORGOTTEN:
                return _error(FORGOTTEN_CONVERSATION)
            if turn is not None and turn > self.max_messages:
                await self.forget(agent, incoming.sender, tombstone=True)
                logger.warning("Refused a message over the cap; the conversation is deleted.")
                return _error(TOO_LONG)
            return response.json(await self.answer(on_new_message, agent, incoming.sender, text))

        @webhook.route("/forget", methods=["POST"])
        async def forget(request: Request) -> HTTPResponse:
            try:
                require_forget_content_type(request.headers.get("content-type"))
                sender = parse_forget_request(request.body)
            except RequestRejected as rejected:
                return _error(rejected)
            await self.forget(getattr(request.app.ctx, "agent", None), sender, tombstone=True)
            return response.json({"status": "forgotten"})

        return webhook
