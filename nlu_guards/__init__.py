"""Small NLU components that stop the trained models from being sure of what they cannot know."""
