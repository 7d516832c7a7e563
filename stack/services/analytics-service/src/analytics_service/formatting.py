"""German number formatting for the one-line summaries the presenter reads out."""

from __future__ import annotations


def de_number(value: float, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (German thousands and decimal separators)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def de_eur(cents_or_eur: float, decimals: int = 2) -> str:
    return f"{de_number(cents_or_eur, decimals)} €"


def round_or_none(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def de_trimmed(value: float, max_decimals: int = 4) -> str:
    """99.99 -> '99,99', 99.0 -> '99': as many decimals as the value has, no trailing zeros."""
    text = de_number(value, max_decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text
