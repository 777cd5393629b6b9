"""LoyaltyDesk: the customer club of a small Iranian shop."""

__version__ = "0.1.0"
