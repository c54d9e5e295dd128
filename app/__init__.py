"""The dashboard's screens (streamlit). Logic lives in tracker/; this package only lays out."""
