"""Signalen: Registreer vragen en signalen en maak er een anonieme rapportage van voor het bestuur."""
