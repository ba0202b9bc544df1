"""The pillar *steunen*: how to reach the steunpunt, and a form to ask a question."""
