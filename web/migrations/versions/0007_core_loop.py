"""the core loop: request statuses for triage, offers and missed help; presumed completion;
possible duplicates; triage per organisation; withdrawn SMS

Revision ID: 0007_core_loop
Revises: 0006_resident_name_key
Create Date: 2026-12-05 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_core_loop'
down_revision = '0006_resident_name_key'
branch_labels = None
depends_on = None

# Frozen copies: a migration must not change when the vocabulary does later.
OLD_REQUEST = ("new", "open", "proposed", "arranged", "completed", "unfilled", "cancelled")
NEW_REQUEST = OLD_REQUEST + ("offered", "missed", "rejected")
OLD_ASSIGNMENT = (
    "proposed", "confirmed", "offered", "accepted", "declined", "expired", "cancelled", "completed"
)
NEW_ASSIGNMENT = OLD_ASSIGNMENT + ("no_show",)
OLD_SMS = (
    "pending", "sending", "sent", "queued", "delivered", "undelivered", "failed", "ambiguous",
    "received",
)
NEW_SMS = OLD_SMS + ("withdrawn",)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _recheck(table, column, values):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f(f'ck_{table}_{column}'), type_='check')
        batch_op.create_check_constraint(column, _in(column, values))


def upgrade():
    # Before the constraint changes: a batch recreate on SQLite carries these columns along.
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('presumed', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('possible_duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_residents_possible_duplicate_of_id_residents'),
            'residents', ['possible_duplicate_of_id'], ['id'], ondelete='SET NULL',
        )
        # A couple, or a care home, shares one landline: a phone no longer names one resident.
        batch_op.drop_constraint(batch_op.f('uq_residents_organisation_id_phone'), type_='unique')
        batch_op.create_index('ix_residents_org_phone', ['organisation_id', 'phone'], unique=False)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'triage_public_requests', sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    _recheck('help_requests', 'status', NEW_REQUEST)
    _recheck('assignments', 'status', NEW_ASSIGNMENT)
    _recheck('sms_messages', 'status', NEW_SMS)


def downgrade():
    connection = op.get_bind()
    # Map the new statuses onto the nearest old ones so the old constraints hold again.
    connection.execute(sa.text(
        "UPDATE help_requests SET status = CASE status WHEN 'offered' THEN 'proposed' "
        "WHEN 'missed' THEN 'completed' WHEN 'rejected' THEN 'cancelled' ELSE status END"
    ))
    connection.execute(sa.text("UPDATE assignments SET status = 'cancelled' WHERE status = 'no_show'"))
    connection.execute(sa.text("UPDATE sms_messages SET status = 'failed' WHERE status = 'withdrawn'"))
    _recheck('sms_messages', 'status', OLD_SMS)
    _recheck('assignments', 'status', OLD_ASSIGNMENT)
    _recheck('help_requests', 'status', OLD_REQUEST)
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('triage_public_requests')
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('ix_residents_org_phone')
        batch_op.create_unique_constraint(
            batch_op.f('uq_residents_organisation_id_phone'), ['organisation_id', 'phone']
        )
        batch_op.drop_constraint(
            batch_op.f('fk_residents_possible_duplicate_of_id_residents'), type_='foreignkey'
        )
        batch_op.drop_column('possible_duplicate_of_id')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('presumed')
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_column('closed_reason')
