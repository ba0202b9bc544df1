"""Agenda: Bijeenkomsten en thema-avonden met aanmelden, wachtlijst en herinneringen."""
