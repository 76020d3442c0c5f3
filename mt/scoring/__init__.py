"""Scores and checks: sacrebleu metrics, term accuracy, edit effort, QA."""
