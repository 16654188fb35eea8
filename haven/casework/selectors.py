"""Reads of casework for pages and the API."""

from django.db.models import Q, QuerySet

from haven.casework.models import Note


def notes_search(notes: QuerySet[Note], words: str) -> QuerySet[Note]:
    """The notes (already narrowed to what the reader may read) whose subject or text
    holds every word typed (case aside). One query when evaluated, authors included."""
    for word in words.split():
        notes = notes.filter(Q(subject__icontains=word) | Q(text__icontains=word))
    return notes.select_related("author")
