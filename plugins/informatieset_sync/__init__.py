"""Landelijke informatieset: De landelijke informatieset passend onderwijs, automatisch bijgewerkt."""
