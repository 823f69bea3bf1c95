"""Which database the site's pages read: the one named catalogue, else the first one served."""
DATABASE = "catalogue"


def catalogue_database(datasette):
    """The catalogue database: the one named catalogue, else the first one served (None if none)."""
    try:
        return datasette.get_database(DATABASE)
    except KeyError:
        names = [name for name in datasette.databases if name != "_internal"]
        return datasette.get_database(names[0]) if names else None
