"""The assistant in other languages: reviewed translation catalogues (data/languages/*.yml), read
without Rasa, used by the responses (serving/nlg.py), the service cards (actions/) and the widget
(web/widget/lang/*.json, written by `python -m languages.widget`)."""
