"""HA-Demo analytics service. The WSGI app comes from `analytics_service.app:create_app()`."""
