"""What the project's own linear text models share: the features they read from a message."""
