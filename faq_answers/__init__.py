"""Which FAQ answer fits a question: a linear model in place of Rasa's ResponseSelector."""
