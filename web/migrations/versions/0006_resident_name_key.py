"""residents: a name key to find a resident again without scanning

Revision ID: 0006_resident_name_key
Revises: 0005_indexes
Create Date: 2026-11-23 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_resident_name_key'
down_revision = '0005_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=161), nullable=False, server_default=''))
    residents = sa.table(
        'residents', sa.column('id'), sa.column('first_name'), sa.column('last_name'), sa.column('name_key')
    )
    connection = op.get_bind()
    # The same normalisation as web.models.resident.name_key (casefold is not SQL's lower).
    for row in connection.execute(sa.select(residents.c.id, residents.c.first_name, residents.c.last_name)):
        key = f"{row.first_name.strip().casefold()} {row.last_name.strip().casefold()}"
        connection.execute(residents.update().where(residents.c.id == row.id).values(name_key=key))
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.alter_column('name_key', server_default=None)
        batch_op.create_index('ix_residents_org_name_key', ['organisation_id', 'name_key'], unique=False)


def downgrade():
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('ix_residents_org_name_key')
        batch_op.drop_column('name_key')
