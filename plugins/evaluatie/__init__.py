"""Evaluatie: Vraag ouders en jongeren na een bijeenkomst of gesprek om hun mening."""
