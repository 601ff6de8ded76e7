"""help_requests: the last day of a weekly series

Revision ID: 0009_series_until
Revises: 0008_sessions_and_limits
Create Date: 2026-12-05 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_series_until'
down_revision = '0008_sessions_and_limits'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurrence_until', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_column('recurrence_until')
