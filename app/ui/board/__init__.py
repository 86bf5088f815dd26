"""The projector board: the room's public view, full screen, built only from
`view_for(session, "public")`."""
