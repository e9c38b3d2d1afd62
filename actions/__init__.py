"""Custom actions for the modern slavery chatbot (run by the Rasa action server)."""
