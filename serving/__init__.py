"""Serving the assistant for real: the pieces Rasa loads from endpoints.yml and credentials.yml.

- `rest_channel.HardenedRestInput`: the REST channel (still named "rest") with checked input, a
  payload allow-list, a fail-safe reply and a "forget this conversation" route.
- `tracker_store.TrackerStoreFromEnv` and `lock_store.LockStoreFromEnv`: in memory on one machine
  (conversations expire), Redis when `REDIS_URL` or `REDIS_HOST` is set (shared by replicas).
- `nlg.LiteralPayloadNLG`: the domain's responses, with button payloads left out of slot filling.
- `action_server`: the custom action server's entry point (`python -m serving.action_server`):
  the Rasa SDK's app with a size limit, no compressed bodies, a shared secret and errors that
  never echo the request. Imports no Rasa (the actions image has none).
- Plain-Python cores, testable without a server: `settings`, `validation`, `payloads`,
  `failsafe`, `log_privacy`.

See docs/deployment.md.
"""
