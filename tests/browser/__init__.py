"""Browser tests: the course in JupyterLab, driven in headless Chromium (see conftest.py)."""
