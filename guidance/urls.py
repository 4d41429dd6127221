app_name = "guidance"

urlpatterns: list = []
